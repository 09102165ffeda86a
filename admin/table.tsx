/** The desk's tables: named columns, and a last one for a row's button when it has one. */
import type { ComponentChildren } from "preact";

export function Table(props: { columns: string[]; action?: boolean; children: ComponentChildren }) {
  return (
    <table>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
          {props.action && (
            <th scope="col">
              <span class="sr">Action</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
