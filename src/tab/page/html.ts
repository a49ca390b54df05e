// The tab's pages: the dashboard (static and channel tab content), the channel tab's settings page, and the
// privacy and terms pages the Teams app manifest points at.
// Static markup only; everything shown from data is added by main.ts with textContent (never as HTML).
// `base` is PUBLIC_URL's path ("" or e.g. "/plan-dialogue" behind a path-based proxy): every URL starts with it.

const head = (title: string, base: string, script = true) => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${base}/tab/styles.css">
${script ? `<script type="module" src="${base}/tab/app.js"></script>\n` : ""}</head>`;

/** PUBLIC_URL's path, as the pages' URLs start with it: "" for none, else "/plan-dialogue" (no trailing slash). */
export function basePathOf(publicUrl: string | undefined): string {
  if (!publicUrl) return "";
  return new URL(publicUrl).pathname.replace(/\/+$/, "");
}

export const dashboardHtml = (base = "") => `${head("Plan Dialogue", base)}
<body data-mode="content">
<header>
  <h1>Plan Dialogue</h1>
  <label for="org">CCG</label>
  <select id="org"></select>
  <form id="as-of-form">
    <label for="as-of">As of</label>
    <input id="as-of" name="asOf" type="text" maxlength="40" placeholder="latest, or Dec 2014" autocomplete="off">
    <button type="submit">Show</button>
  </form>
  <span id="who"></span>
</header>
<main>
  <p id="notice" role="status" hidden></p>
  <nav id="grid-links" aria-label="Grids" hidden></nav>
  <section id="status-section" hidden aria-labelledby="status-title">
    <h2 id="status-title">Indicator status</h2>
    <p id="status-summary"></p>
    <table id="status-table">
      <thead><tr><th scope="col">RAG</th><th scope="col">Indicator</th><th scope="col">Latest</th><th scope="col">Standard</th><th scope="col">Plan</th><th scope="col">Trend</th><th scope="col">Period</th></tr></thead>
      <tbody id="status-rows"></tbody>
    </table>
    <figure id="chart" hidden>
      <figcaption id="chart-title"></figcaption>
      <img id="chart-image" alt="" hidden>
      <p class="note" id="chart-text" hidden></p>
    </figure>
    <p class="note" id="status-note"></p>
  </section>
  <section id="dialogue-section" hidden>
    <h2>Dialogue with the area team</h2>
    <p class="note" id="dialogue-note"></p>
    <div id="dialogue-body" hidden>
      <h3>Discussions</h3>
      <ul id="discussions"></ul>
      <h3>Open actions</h3>
      <table id="actions">
        <thead><tr><th scope="col">Id</th><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
        <tbody id="action-rows"></tbody>
      </table>
      <p id="actions-empty" hidden>No open actions.</p>
    </div>
  </section>
  <section id="plan-section" hidden aria-labelledby="plan-title">
    <h2 id="plan-title">Plan</h2>
    <p class="note" id="plan-note"></p>
    <div id="plan-lines"></div>
  </section>
  <section id="deadlines-section">
    <h2 id="deadlines-title">Deadlines</h2>
    <ul id="deadlines"></ul>
  </section>
</main>
</body>
</html>
`;

export const configHtml = (base = "") => `${head("Plan Dialogue — tab settings", base)}
<body data-mode="config">
<header><h1>Plan Dialogue</h1></header>
<main>
  <p>Show the dashboard of one CCG in this channel, or of the CCG the channel is linked to (<code>@Plan Dialogue link 02N</code>).</p>
  <label for="org">CCG</label>
  <select id="org"></select>
  <p id="notice" role="status" hidden></p>
</main>
</body>
</html>
`;

const plainPage = (title: string, base: string, body: string) => `${head(`Plan Dialogue — ${title}`, base, false)}
<body data-mode="text">
<header><h1>Plan Dialogue</h1></header>
<main>
<h2>${title}</h2>
${body}
<p class="note"><a href="${base}/tab">Back to the dashboard</a></p>
</main>
</body>
</html>
`;

/** What the app keeps about people, for the manifest's privacyUrl. */
export const privacyHtml = (base = "") =>
  plainPage(
    "Privacy",
    base,
    `<p>Plan Dialogue is run by the organisation that installed it in your Teams or Slack, which is responsible for the data it keeps.</p>
<p>It keeps: your platform user id and display name, and which organisation (CCG or area team) you act for; what you type to it in discussion threads (topics, messages, actions, closing summaries), with who did each step and when (the audit trail of agreed actions); and the channels and chats it posts to.</p>
<p>It does not keep your email address, your contacts or anything you did not send to it. Indicator figures are published NHS statistics about organisations, not about people.</p>
<p>To see, correct or remove what it keeps about you, ask the administrator of your deployment.</p>`,
  );

/** The terms of use, for the manifest's termsOfUseUrl. */
export const termsHtml = (base = "") =>
  plainPage(
    "Terms of use",
    base,
    `<p>Plan Dialogue supports the planning dialogue between a CCG and its area team. Use it for that work, under your own organisation's policies for information governance and acceptable use.</p>
<p>Figures come from published statistics and may be late, revised or demo data (marked as such); check them against the source before you rely on them.</p>
<p>What you type in a discussion is seen by both sides of that discussion and kept in its record. The service is provided as is, by the organisation that runs it.</p>`,
  );
