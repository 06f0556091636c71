"""The compiled LangGraph graph: a conversation in a thread, resumed from SQLite, and the plain
runner walking the same topology to the same states."""

from __future__ import annotations

from agent.graph.memory import known_threads, open_checkpointer
from agent.graph.runner import run_plain, run_turn
from agent.graph.wiring import build_graph

CONVERSATION = ["/lint", "why is that critical?", "show me the safe version", "which tables reference User?",
                "now do it for Lesson", "bảng nào tham chiếu tới Course?", "columns of Lesson", "/types Payment"]


def test_a_thread_survives_a_restart_and_follow_ups_use_its_facts(agent_ctx):
    graph = build_graph(open_checkpointer(agent_ctx.state_dir))
    first = run_turn("lint the latest migration", agent_ctx, graph=graph, thread="t1")
    assert first.decision["route"] == "migration_validator" and first.facts["summary"]["files"] == 1
    # a new process: a new graph on the same SQLite file
    graph = build_graph(open_checkpointer(agent_ctx.state_dir))
    why = run_turn("tại sao nó nghiêm trọng?", agent_ctx, graph=graph, thread="t1")
    assert why.decision["followup"] == "why" and why.facts["kind"] == "why"
    assert {f["rule"] for f in why.facts["findings"]} <= {f["rule"] for f in first.facts["findings"]}
    assert "Lý do (Why):" in why.answer  # answered in Vietnamese, from the lint facts
    assert "t1" in known_threads(agent_ctx.state_dir)
    state = graph.get_state({"configurable": {"thread_id": "t1"}}).values
    assert [m["role"] for m in state["messages"]] == ["user", "assistant", "user", "assistant"]


def test_now_do_it_for_another_model_reruns_the_previous_question(agent_ctx):
    graph = build_graph(open_checkpointer(agent_ctx.state_dir))
    run_turn("which tables reference User?", agent_ctx, graph=graph, thread="t2")
    again = run_turn("now do it for Lesson", agent_ctx, graph=graph, thread="t2")
    assert again.facts["kind"] == "relations" and again.facts["subject"]["model"] == "Lesson"
    assert [r["model"] for r in again.facts["rows"]] == ["BehaviorLog"]


def test_plain_runner_and_langgraph_reach_the_same_states(agent_ctx):
    graph = build_graph(open_checkpointer(agent_ctx.state_dir))
    plain: dict = {}
    for text in CONVERSATION:
        plain = run_plain(text, agent_ctx, plain)
        compiled = run_turn(text, agent_ctx, graph=graph, thread="parity")
        assert compiled.decision == plain["decision"], text
        assert compiled.facts == plain["facts"], text
        assert compiled.answer == plain["answer"], text
