// Parse a Mermaid diagram (stdin) with Mermaid's own parser and print what it read, as JSON:
// {"type": "er", "entities": {name: [{type, name, keys, comment}]}, "relationships": [{from, to, label}]}
// or {"error": message}. mermaid.parse needs no DOM, so this runs in plain Node.
import mermaid from "mermaid";

const text = await new Promise((resolve) => {
  let data = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
});
try {
  const { diagramType } = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const entities = {};
  const names = {};
  for (const [name, entity] of diagram.db.getEntities()) {
    names[entity.id] = name;
    entities[name] = entity.attributes.map((a) => ({ type: a.type, name: a.name, keys: a.keys, comment: a.comment }));
  }
  const relationships = diagram.db.getRelationships().map((r) => ({ from: names[r.entityA], to: names[r.entityB], label: r.roleA }));
  console.log(JSON.stringify({ type: diagramType, entities, relationships }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error.message || error) }));
}
