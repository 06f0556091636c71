"""The vector store of the project's schemas: entries (`entries`), embeddings (`embeddings`,
`minilm`), the persistent chromadb index (`index`), and the Drizzle conventions hook (`conventions`).
"""
