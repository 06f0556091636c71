"""The graph's nodes: route -> one tool node per capability (or a follow-up) -> explain -> answer.

Each node is a plain function `(state, runtime) -> dict of updates`, where `runtime.context` is the
`AgentContext`. LangGraph calls them with its `Runtime`; the plain runner with a stand-in.
"""
