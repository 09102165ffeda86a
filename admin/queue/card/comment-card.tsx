/**
 * One comment in the queue: its page, what it answers (collapsed), who wrote it (name,
 * email, website), when, the rendered body and its Markdown, why it was held, what readers
 * reported; and every decision: approve, reject, spam, delete, edit in place, ban, reply,
 * pin, close the thread.
 */
import type { ModComment } from "../../api";
import type { DeskContext } from "../../desk-context";
import type { QueueCommands } from "../use-queue";
import { BanForm } from "./ban-form";
import { CardActions } from "./card-actions";
import { CardBody } from "./card-body";
import { CardHeader, CardThread } from "./card-header";
import { ReplyForm } from "./reply-form";
import { Reports } from "./reports";
import { useCard } from "./use-card";

interface Props {
  comment: ModComment;
  index: number;
  current: boolean;
  selected: boolean;
  editing: boolean;
  ctx: DeskContext;
  commands: QueueCommands;
}

export function CommentCard(props: Props) {
  const { comment, commands } = props;
  const card = useCard(comment, props.ctx.announce);
  const id = `card-${comment.id}`;
  return (
    <article
      class={`card${props.current ? " current" : ""}`}
      tabIndex={-1}
      aria-labelledby={`${id}-by`}
      aria-current={props.current ? "true" : undefined}
      onFocusIn={() => commands.dispatch({ type: "move", to: props.index })}
    >
      <CardHeader
        comment={comment}
        id={id}
        selected={props.selected}
        onToggle={() => commands.dispatch({ type: "toggle", id: comment.id })}
      />
      <CardThread comment={comment} />
      <CardBody
        comment={comment}
        id={id}
        editing={props.editing}
        commands={commands}
        onError={card.setError}
      />
      {comment.reasons.length > 0 && (
        <p class="reasons">Held because: {comment.reasons.join(", ")}</p>
      )}
      {comment.reports.length > 0 && <Reports reports={comment.reports} />}
      {card.error && (
        <p class="error" role="alert">
          {card.error}
        </p>
      )}
      <CardActions comment={comment} card={card} commands={commands} />
      {card.replying && <ReplyForm id={id} card={card} />}
      {card.banning && (
        <BanForm comment={comment} ctx={props.ctx} onDone={() => card.setBanning(false)} />
      )}
    </article>
  );
}
