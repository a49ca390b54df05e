// A performance review as a reply: when it is, its agenda numbered (with outcomes), and where the minutes stand.
import { agendaLabel } from "../../core/reviews/agenda";
import type { ReviewView } from "../../core/reviews/reviews";
import { formatLondonDateTime } from "../../core/time";
import type { Block, Reply } from "../model";

export function reviewReply(v: ReviewView, headline?: string): Reply {
  const { ccg, review } = v;
  const at = ccg.areaTeamCode ?? "the area team";
  const blocks: Block[] = [
    ...(headline ? [{ type: "paragraph" as const, text: headline }] : []),
    {
      type: "heading",
      text: review
        ? `${ccg.code} performance review with ${at}: ${formatLondonDateTime(review.meetingAt)}`
        : `${ccg.code} and ${at}: no performance review scheduled`,
    },
  ];
  if (review?.minutes)
    blocks.push({
      type: "fields",
      fields: [
        { label: "Minutes", value: review.minutes },
        {
          label: "Agreed",
          value:
            v.minutesAgreed.CCG && v.minutesAgreed.AREA_TEAM
              ? "by both parties"
              : `by ${v.minutesAgreed.CCG ? ccg.code : at} only: waiting for ${v.minutesAgreed.CCG ? at : ccg.code}`,
        },
      ],
    });
  blocks.push({
    type: "items",
    items: v.agenda.length
      ? v.agenda.map((item, i) => ({
          title: `${i + 1}. ${agendaLabel(item.kind)}: ${item.title}`,
          detail: [
            item.detail,
            item.outcome
              ? `Outcome: ${item.outcome.text} (${item.outcome.by})${item.outcome.actionId ? `; action A${item.outcome.actionId} proposed` : ""}`
              : "",
          ]
            .filter(Boolean)
            .join(" · "),
        }))
      : [{ title: "Nothing on the agenda yet." }],
  });
  blocks.push({
    type: "context",
    text: review
      ? `Either side: \`review ${ccg.code} add <item>\`; after the meeting \`review ${ccg.code} outcome <n> <what was decided> [action <what> owner <who> due <date>]\`, \`review ${ccg.code} minutes <text>\`, and the other side \`review ${ccg.code} agree\`.${v.includesDemoData ? " Demo data." : ""}`
      : `The agenda above is what a review would take up now. Either side schedules one: \`review ${ccg.code} on <date> [at HH:MM]\`.${v.includesDemoData ? " Demo data." : ""}`,
  });
  return {
    summary: review
      ? `${ccg.code} performance review ${formatLondonDateTime(review.meetingAt)}: ${v.agenda.length} agenda items`
      : `${ccg.code}: no performance review scheduled (${v.agenda.length} items would be on its agenda)`,
    blocks,
    visibility: "private",
  };
}
