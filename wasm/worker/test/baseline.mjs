// The least worker that does what the short-link service does for an
// unknown id: one KV read and a small JSON answer, in plain JavaScript.
// make bench-worker measures it beside the Go worker, so that what the
// runtime costs any worker is not counted as Go's.
export default {
  async fetch(request, env) {
    const id = new URL(request.url).pathname.split("/").pop();
    const doc = await env.SHARES.get(id);
    if (doc === null) {
      return Response.json({ error: `no scenario has the id ${id}` }, { status: 404 });
    }
    return new Response(doc, { headers: { "Content-Type": "application/json" } });
  },
};
