// The API key lives in sessionStorage (or arrives once in the URL fragment: /#key=...).
const DunningSession = (() => {
  const storageKey = "dunning-api-key";
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromFragment) { sessionStorage.setItem(storageKey, fromFragment); history.replaceState(null, "", location.pathname + location.search); }

  const key = () => sessionStorage.getItem(storageKey);
  const logout = () => { sessionStorage.removeItem(storageKey); location.reload(); };

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: { "X-Api-Key": key() ?? "", ...(options.headers ?? {}) } });
    if (response.status === 401) { sessionStorage.removeItem(storageKey); throw new Error("The API key was refused."); }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.error ?? body?.detail ?? `${path} answered ${response.status}`);
    return body;
  }

  // Downloads a CSV report (links cannot send the API key header themselves).
  async function downloadCsv(path, fileName) {
    const response = await fetch(path, { headers: { "X-Api-Key": key() ?? "", Accept: "text/csv" } });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: fileName });
    link.click();
    URL.revokeObjectURL(link.href);
  }

  function start(onReady) {
    const login = document.getElementById("login");
    const logoutButton = document.getElementById("logout");
    logoutButton.onclick = logout;
    document.getElementById("login-form").onsubmit = async event => {
      event.preventDefault();
      sessionStorage.setItem(storageKey, document.getElementById("api-key").value);
      try { await api("/api/ops/services"); login.hidden = true; logoutButton.hidden = false; onReady(); }
      catch (e) { document.getElementById("login-error").textContent = e.message; }
    };
    if (key()) { logoutButton.hidden = false; onReady(); } else { login.hidden = false; }
  }

  return { api, downloadCsv, start };
})();
