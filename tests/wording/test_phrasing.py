import textwrap

import pytest

from narrator.errors import InputError
from narrator.wording import markers
from narrator.wording.phrasing import Movement, Phraser, RuleBook
from narrator.wording.environment import make_environment


def movement(**changes):
    base = dict(
        kind="count", polarity="neutral", direction="up", significant=True, tested=True, verdict="up",
        judgement="Higher", better="neutral", current=12196.0, baseline=10660.0, change=1536.0,
        change_pct=14.4, abs_change_pct=14.4, baseline_zero=False, current_n=0.0, baseline_n=0.0, comparator=False,
        test_kind="significance", survey=False, small=False, low_volume=False, small_count=False, few_cases=False,
        small_sample=False, noun="", again=False, whole_test_kind="none", whole_significant=False,
    )
    base.update(changes)
    return Movement(**base)


def rulebook(tmp_path, text):
    path = tmp_path / "movements.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return RuleBook.load(path, make_environment())


def test_the_first_matching_rule_wins(tmp_path):
    rules = rulebook(tmp_path, """
        movement:
          - {id: fall, when: 'direction == "down"', say: "fell by {{ change_pct }}"}
          - {id: rise, when: 'direction == "up" and significant', say: "rose by {{ change_pct }}"}
          - {id: other, when: 'true', say: "moved"}
    """)
    phraser = Phraser(rules, markers.strip)
    said = phraser.say("m", movement(), {"change_pct": markers.figure("m.change_pct", "14.4%")})  # a fact prints marked
    assert markers.strip(said) == "rose by 14.4%"
    said = phraser.say("m", movement(direction="down"), {"change_pct": markers.figure("m.change_pct", "-3.0%")})
    assert markers.strip(said) == "fell by -3.0%"
    assert phraser.say("m", movement(significant=False), {}) == "moved"


def test_variation_is_deterministic_and_avoids_repeating_the_verb(tmp_path):
    rules = rulebook(tmp_path, """
        movement:
          - {id: rise, when: 'true', say: ["rose", "increased", "went up"]}
    """)
    first = [Phraser(rules, str).say(key, movement(), {}) for key in ("a", "b", "c", "d")]
    again = [Phraser(rules, str).say(key, movement(), {}) for key in ("a", "b", "c", "d")]
    assert first == again  # same data, same words
    phraser = Phraser(rules, str)
    said = [phraser.say(key, movement(), {}) for key in ("a", "a", "a", "b", "b")]
    assert all(x.split()[0] != y.split()[0] for x, y in zip(said, said[1:]))


def test_a_movement_no_rule_matches_is_an_error(tmp_path):
    rules = rulebook(tmp_path, """
        movement:
          - {id: rise, when: 'direction == "up"', say: "rose"}
    """)
    with pytest.raises(InputError, match=r"no 'movement' rule matches da.recorded \(kind=count, direction=down"):
        Phraser(rules, str).say("da.recorded", movement(direction="down"), {})


def test_optional_sets_may_stay_silent(tmp_path):
    rules = rulebook(tmp_path, """
        sample:
          - {id: small, when: 'current_n < 200', say: "few respondents"}
    """)
    assert Phraser(rules, str).say("m", movement(current_n=500.0), {}, "sample") == ""
    assert Phraser(rules, str).say("m", movement(current_n=98.0), {}, "sample") == "few respondents"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{id: r, when: 'directon == \"up\"', say: x}", r"rule 'r': .*unknown name 'directon' at column 1; did you mean 'direction'\?"),
        ("{id: r, when: \"__import__('os').system('echo hi')\", say: x}", r"rule 'r': "),
        ("{id: r, when: 'true', say: '{{ current'}", r"rule 'r': phrase '\{\{ current'"),
        ("{id: r, when: 'true', sya: x}", r"unknown key 'sya'; did you mean 'say'\?"),
        ("{id: r, when: 'true', say: []}", r"'say' must be a phrase or a list"),
    ],
)
def test_bad_rules_are_reported_with_file_and_rule(tmp_path, rule, message):
    with pytest.raises(InputError, match=message):
        rulebook(tmp_path, f"movement:\n  - {rule}\n")


def test_the_shipped_rules_load_and_cover_every_movement():
    rules = RuleBook.load("rules/movements.yaml", make_environment())
    for kind in ("count", "proportion", "level"):
        for direction in ("up", "down", "flat"):
            for significant in (True, False):
                for test_kind in ("significance", "control_chart", "none"):
                    tested = test_kind != "none"
                    m = movement(kind=kind, direction=direction, significant=significant and tested, tested=tested,
                                 test_kind=test_kind)
                    assert rules.match("movement", m) is not None


# --------------------------------------------------------------------------- fragments and layers


def test_a_phrase_prints_another_rule_set_by_name(tmp_path):
    rules = rulebook(tmp_path, """
        movement:
          - {id: rise, when: 'true', say: "rose by {{ change_pct }}{{ finding }}"}
        finding:
          - {id: yes, when: 'significant', say: ", a statistically significant rise"}
          - {id: no, when: 'true', say: "; the change is not statistically significant"}
    """)
    phraser = Phraser(rules, markers.strip)
    said = phraser.say("m", movement(), {"change_pct": markers.figure("m.change_pct", "14.4%")})  # a fact prints marked
    assert markers.strip(said) == "rose by 14.4%, a statistically significant rise"
    said = phraser.say("m", movement(significant=False), {"change_pct": markers.figure("m.change_pct", "1.0%")})
    assert markers.strip(said) == "rose by 1.0%; the change is not statistically significant"


def test_rule_sets_that_print_each_other_in_a_circle_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"rule sets print each other in a circle: a → b → a"):
        rulebook(tmp_path, """
            a:
              - {id: x, when: 'true', say: "{{ b }}"}
            b:
              - {id: y, when: 'true', say: "{{ a }}"}
        """)


def test_a_name_that_is_no_field_fact_or_set_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"movement rule 'r': 'fnding' is not a field, fact or rule set a phrase can print; did you mean 'finding'\?"):
        rulebook(tmp_path, """
            movement:
              - {id: r, when: 'true', say: "{{ fnding }}"}
            finding:
              - {id: f, when: 'true', say: ""}
        """)


def test_a_later_layer_replaces_the_sets_it_names_and_keeps_the_rest(tmp_path):
    default = tmp_path / "default.yaml"
    default.write_text("movement:\n  - {id: d, when: 'true', say: 'rose{{ finding }}'}\nfinding:\n  - {id: f, when: 'true', say: ', by default'}\n")
    own = tmp_path / "own.yaml"
    own.write_text("finding:\n  - {id: mine, when: 'true', say: ', in our words'}\n")
    rules = RuleBook.load([default, own], make_environment())
    assert Phraser(rules, str).say("m", movement(), {}) == "rose, in our words"
    assert rules.paths == {"movement": default, "finding": own}
