"""The LLM seam: an OpenAI-compatible chat model through langchain-openai, when one is configured.

Everything here is optional: with no OPENAI_API_KEY the agent routes by rules and answers from
templates. With a key, the model (1) chooses the route through structured output (an enum), (2)
fills the chosen tool's arguments under a forced tool choice, (3) explains the facts — each call
counted against a per-turn budget, with token use recorded. Imported lazily: LangChain costs
about a second to import, and an offline `ask` must answer faster than that.
"""
