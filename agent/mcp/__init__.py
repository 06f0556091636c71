"""`triple-orm mcp`: the project's checks as an MCP server over stdio, for IDEs and coding agents.

- `project`: the project the server acts on, and the guards a server driven by a model needs
  (paths stay inside the project, the database URL comes from the environment and never leaves);
- `answers`: one function per tool, each calling tools/ (through the agent's capabilities where
  they exist) and returning the facts plus the agent's template answer;
- `explain`: `explain_finding`, a rule's specification from whichever checker owns it;
- `server`: the tools and resources registered on the SDK's `MCPServer` (imported lazily: the
  `mcp` package costs about a second to import, which no other command pays).
"""
