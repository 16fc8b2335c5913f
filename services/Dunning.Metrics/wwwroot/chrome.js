// What every dashboard page shares, built here once: the header with the page's title, the links to the other pages (this one
// marked) and the log-out button, then the API-key login form session.js drives. A page names itself on its body
// (data-page: its file, data-title: its heading) and loads this script first in the body.
(() => {
  const pages = [["/", "Revenue & churn"], ["ops.html", "Ops"], ["console.html", "Cases"], ["experiments.html", "Experiments"],
    ["backtests.html", "Backtests"]];
  const make = (tag, properties = {}, ...children) => { const e = Object.assign(document.createElement(tag), properties); e.append(...children); return e; };
  const { page, title } = document.body.dataset;

  const links = pages.flatMap(([href, text]) => [make("a", { href, textContent: text, ...(href === page ? { className: "active" } : {}) }), " "]);
  const header = make("header", {}, make("h1", { textContent: title }),
    make("nav", {}, ...links, make("button", { id: "logout", hidden: true, textContent: "Log out" })));
  const login = make("section", { id: "login", hidden: true }, make("form", { id: "login-form" },
    make("label", {}, "API key ", make("input", { id: "api-key", type: "password", autocomplete: "current-password", required: true })),
    make("button", { type: "submit", textContent: "Log in" }), make("p", { id: "login-error", className: "error" })));
  document.currentScript.replaceWith(header, login);
})();
