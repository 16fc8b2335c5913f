// Dunning's in-app payment banner. In your page, for a logged-in customer:
//   <script src="https://<notification service>/banner.js" data-token="<token from POST /api/customers/{id}/banner-token>" async></script>
// It asks the notification service where the customer stands and, only while a payment of theirs is being recovered, shows
// a bar at the top of the page with the link to pay or update the card, in their language. It asks again every
// data-refresh seconds (60 by default), so a case that closes takes the bar away. Built from text only (textContent).
(function () {
  const script = document.currentScript;
  if (!script || !script.dataset.token) return;
  const endpoint = new URL("banner/standing", script.src);
  endpoint.searchParams.set("token", script.dataset.token);
  const refreshSeconds = Number(script.dataset.refresh || 60);
  let bar = null;

  function show(standing) {
    if (!bar) {
      bar = document.createElement("div");
      bar.id = "dunning-banner";
      bar.setAttribute("role", "alert");
      bar.style.cssText = "position:sticky;top:0;z-index:2147483647;display:flex;gap:1rem;align-items:center;justify-content:center;"
        + "flex-wrap:wrap;padding:0.75rem 1rem;background:#b3261e;color:#fff;font:15px/1.4 system-ui,sans-serif";
      document.body.prepend(bar);
    }
    const message = document.createElement("span");
    message.textContent = standing.message;
    const link = document.createElement("a");
    link.textContent = standing.action;
    link.href = standing.url;
    link.style.cssText = "color:#fff;font-weight:600;text-decoration:underline";
    bar.lang = standing.language;
    bar.replaceChildren(message, link);
  }

  function hide() {
    if (bar) { bar.remove(); bar = null; }
  }

  async function check() {
    try {
      const response = await fetch(endpoint, { credentials: "omit" });
      if (!response.ok) { hide(); return false; } // an expired token: nothing to show until the page gets a new one
      const standing = await response.json();
      if (standing.show && standing.url && /^https?:/.test(standing.url)) show(standing); else hide();
      document.documentElement.dataset.dunningBanner = bar ? "shown" : "hidden"; // for the page's own styles (and tests)
      return true;
    } catch { return true; } // the service did not answer: keep what is shown, ask again later
  }

  async function loop() {
    if (await check()) setTimeout(loop, refreshSeconds * 1000);
  }
  if (document.body) loop(); else document.addEventListener("DOMContentLoaded", loop);
})();
