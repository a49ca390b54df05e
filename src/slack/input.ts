// What Slack sends as user text (command text, message and mention text, a message's text in a shortcut) has
// `&`, `<` and `>` escaped as entities, so that the mention syntax Slack itself writes (`<@U123>`, `<#C123|name>`,
// `<!here>`, `<https://…|label>`) is the only raw `<…>` in it. It is unescaped once, here, at the edge: the core
// stores what the person typed ("A&E"), and the renderers escape again on the way out. Modal inputs
// (plain_text_input values) are not escaped by Slack and are not passed through this.
export const unescapeSlack = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
