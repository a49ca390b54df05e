// The tab's two pages: the dashboard (static and channel tab content) and the channel tab's settings page.
// Static markup only; everything shown from data is added by main.ts with textContent (never as HTML).

const head = (title: string) => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/tab/styles.css">
<script type="module" src="/tab/app.js"></script>
</head>`;

export const dashboardHtml = `${head("Plan Dialogue")}
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
  <section id="deadlines-section">
    <h2>Deadlines</h2>
    <ul id="deadlines"></ul>
  </section>
</main>
</body>
</html>
`;

export const configHtml = `${head("Plan Dialogue — tab settings")}
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
