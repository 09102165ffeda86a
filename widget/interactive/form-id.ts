import { useState } from "preact/hooks";

let lastId = 0;
/** A stable id prefix per form (ids only need to be unique inside the shadow root). */
export const useFormId = () => useState(() => `f${++lastId}`)[0];
