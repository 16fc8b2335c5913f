// Builds the ops pages' DOM from text only (textContent), never markup from data: names, errors and reasons come from outside.
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") element.textContent = value;
    else if (name === "onclick") element.onclick = value;
    else if (value !== false && value !== undefined && value !== null) element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children);
  return element;
}

// A cell value is text, or a node built with el().
const cell = value => el("td", {}, value instanceof Node ? value : String(value ?? ""));

function table(caption, columns, rows, empty) {
  const body = rows.length > 0
    ? rows.map(r => el("tr", {}, ...columns.map(c => cell(c.value(r)))))
    : [el("tr", {}, el("td", { colspan: columns.length, class: "empty", text: empty }))];
  return el("table", {}, el("caption", { text: caption }), el("thead", {}, el("tr", {}, ...columns.map(c => el("th", { text: c.label })))), el("tbody", {}, ...body));
}
