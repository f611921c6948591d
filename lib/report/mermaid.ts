/**
 * Renders a topology as a Mermaid `flowchart`: node ids are checked to be safe identifiers and
 * every edge must join declared nodes, so a rendering bug fails loudly instead of drawing nonsense.
 */
import { NodeShape, Topology, TopologyNode } from './topology';

/** Ids Mermaid accepts without quoting: a letter, then letters, digits and `_`. */
export const SAFE_MERMAID_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

const SHAPES: Record<NodeShape, [string, string]> = {
  'workload': ['[', ']'],
  'datastore': ['[(', ')]'],
  'service': ['([', '])'],
  'task-template': ['[/', '/]'],
};

/** Text safe inside a quoted Mermaid label. */
function escapeLabel(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function renderNode(node: TopologyNode, indent: string): string {
  const [open, close] = SHAPES[node.shape];
  return `${indent}${node.id}${open}"${node.lines.map(escapeLabel).join('<br/>')}"${close}`;
}

/**
 * The Mermaid source (without the Markdown fence).
 *
 * @throws when an id is unsafe or duplicated, or an edge refers to an undeclared node
 */
export function renderMermaid(topology: Topology): string {
  const declared = new Set<string>();
  for (const id of [...topology.groups.map((g) => g.id), ...topology.nodes.map((n) => n.id)]) {
    if (!SAFE_MERMAID_ID.test(id)) throw new Error(`unsafe Mermaid id: ${id}`);
    if (declared.has(id)) throw new Error(`duplicate Mermaid id: ${id}`);
    declared.add(id);
  }
  const nodeIds = new Set(topology.nodes.map((n) => n.id));
  for (const edge of topology.edges) {
    if (!nodeIds.has(edge.from) || !nodeIds.has(edge.to)) throw new Error(`edge ${edge.from} -> ${edge.to} refers to an undeclared node`);
  }
  const lines = ['flowchart LR'];
  for (const node of topology.nodes.filter((n) => n.group === undefined)) lines.push(renderNode(node, '  '));
  for (const group of topology.groups) {
    lines.push(`  subgraph ${group.id}["${escapeLabel(group.title)}"]`);
    for (const node of topology.nodes.filter((n) => n.group === group.id)) lines.push(renderNode(node, '    '));
    lines.push('  end');
  }
  for (const edge of topology.edges) lines.push(`  ${edge.from} -->|${escapeLabel(edge.label)}| ${edge.to}`);
  return lines.join('\n');
}
