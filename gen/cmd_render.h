/* cmd_render.h - `fitgen render TEMPLATE DATA.json [--partials DIR]
 * [--strict] [--escape-apos]`: renders one Mustache template with a JSON
 * context to standard output (see docs/templates.md). */
#ifndef FIT_CMD_RENDER_H
#define FIT_CMD_RENDER_H

/* argv[0] is "render". Prints the rendered bytes to stdout, or a message to
 * stderr; returns the exit status: 0 success, 1 template, data or output
 * error, 2 bad usage. Also declared in cmd.h. */
int cmd_render(int argc, char **argv);

#endif
