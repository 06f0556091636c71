"""`triple-orm mcp`: the project's checks as an MCP server (stdio, or streamable HTTP), for IDEs and coding agents.

- `project`: the project the server acts on, and the guards a server driven by a model needs
  (paths stay inside the project, symlinks included; the database URL comes from the environment
  and never leaves);
- `answers`: one function per tool, each calling tools/ (through the agent's capabilities where
  they exist) and returning the facts plus the agent's template answer;
- `search`: `search_schema`, the agent's chromadb schema store brought up to date and searched;
- `explain`: `explain_finding`, a rule's specification from whichever checker owns it, explained by
  the agent's explain step (the chat model when one is configured, else the template);
- `resources`: the configuration, schema files, generated files and catalogs as MCP resources;
- `prompts`: `review_migration` and `check_schema_sync`;
- `server`: the tools registered on the SDK's `MCPServer`, with the resources and prompts (imported
  lazily: the `mcp` package costs about a second to import, which no other command pays).
"""
