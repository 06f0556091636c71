"""`triple-orm chat` with a model, in a real pseudo-terminal: answers stream onto the screen, Ctrl-C
cancels a long answer and the conversation goes on, and a resumed thread shows its earlier turns.

The model is `FakeLLM` (conftest): a local HTTP server that stands in for a hosted LLM, speaking the
OpenAI chat-completions API and streaming word by word. The long answer never ends by itself, so
the test cannot pass unless Ctrl-C stops it, however slow the machine is.
"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.slow

MIGRATION = "apps/api/prisma/migrations/20261103091200_behavior_logs_session_id/migration.sql"
SLOW = "Thinking carefully about every lock this migration takes and what waits behind it."


def test_ctrl_c_cancels_a_long_answer_and_the_thread_goes_on(chat, fake_llm):
    screen = chat("--thread", "demo", env=fake_llm.env())
    banner = screen.prompt()
    assert "model: fake-hosted-model at http://127.0.0.1" in banner and "No LLM configured" not in banner

    fake_llm.say("Seven relations point at User, listed in the facts.")
    screen.type("which tables reference User?")
    shown = screen.prompt()
    assert "Seven relations point at User, listed in the facts." in shown  # the model's words, streamed
    assert "model: 1 calls" in shown

    fake_llm.say(SLOW, pause=0.05, endless=True)
    screen.type(f"/lint {MIGRATION}")
    screen.wait_for(r"Thinking carefully about every lock")  # the answer is being written...
    screen.ctrl_c()  # ...and the person stops it
    shown = screen.prompt()
    assert "cancelled — the conversation goes on" in shown

    fake_llm.say("Lesson is referenced by its relations in the facts.")
    screen.type("now do it for Lesson")  # refers to the first turn: the thread kept it
    shown = screen.prompt()
    assert "Lesson is referenced by its relations in the facts." in shown
    assert "Thinking" not in shown, "nothing of the cancelled answer comes after it"
    asked = fake_llm.requests[-1]["messages"]
    facts = json.dumps(asked, ensure_ascii=False)
    assert '\\"kind\\": \\"relations\\"' in facts and "Lesson" in facts  # the follow-up ran on the earlier question
    screen.type("/quit")
    assert screen.exit_code() == 0


def test_resumed_thread_shows_earlier_turns_and_answers_follow_ups(chat, fake_llm):
    first = chat("--thread", "demo", env=fake_llm.env())
    first.prompt()
    fake_llm.say(SLOW, pause=0.05, endless=True)
    first.type("which tables reference Course?")
    first.wait_for(r"Thinking carefully")
    first.ctrl_c()
    first.prompt()
    fake_llm.say("Course has relations, all in the facts.")
    first.type("which tables reference Course?")
    assert "Course has relations, all in the facts." in first.prompt()
    first.type("/quit")
    assert first.exit_code() == 0

    resumed = chat("--thread", "demo")  # the next day, with no model configured
    shown = resumed.prompt()
    assert "thread demo (resumed)" in shown and "No LLM configured" in shown
    earlier = shown[shown.index("earlier in this thread:"):]
    assert re.search(r"you: which tables reference Course\?\s+↳ \(cancelled\)\s+you: which tables reference Course\?\s+"
                     r"↳ Course has relations, all in the facts\.", earlier)
    resumed.type("now do it for Lesson")  # a follow-up on the turn of the day before
    assert "BehaviorLog.lesson → behavior_logs(lesson_id)" in resumed.prompt()
    resumed.ctrl_c()
    resumed.prompt()
    resumed.ctrl_c()
    assert resumed.exit_code() == 130


def test_model_answer_then_the_findings_table_and_a_rejected_answer_replaced(chat, fake_llm):
    screen = chat(env=fake_llm.env())
    screen.prompt()
    fake_llm.say("LOW json-field-without-shape: User.settings, BehaviorLog.metadata and Payment.rawWebhook are Json "
                 "with no declared shape, so any value passes.")
    screen.type("/types")
    shown = screen.prompt()
    explained = shown.index("LOW json-field-without-shape: User.settings")
    table = shown.index("what happens, and the fix")
    assert explained < table, "the model's explanation streams first, the facts' table follows"
    assert re.search(r"│\s*LOW\s*│\s*json-field-without-shape\s*│\s*schema\.prisma:166\s*│", shown)

    fake_llm.say("Everything is fine, nothing to see here.")  # leaves out the finding it was given
    screen.type("/types")
    shown = screen.prompt()
    streamed = shown.index("Everything is fine, nothing to see here.")  # streamed as it came...
    note = shown.index("did not pass the grounding check (it left out json-field-without-shape)")
    replaced = re.search(r"\n\d+ findings\.", shown).start()  # ...then said to be replaced, and the answer from the facts given
    assert streamed < note < replaced < shown.index("what happens, and the fix")
    screen.type("/quit")
    assert screen.exit_code() == 0
