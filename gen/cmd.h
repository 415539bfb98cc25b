/* cmd.h - the fitgen subcommands. Each takes argv with argv[0] the command
 * name, prints to stdout/stderr, and returns the process exit status:
 * 0 success, 1 bad input or failure, 2 bad usage. Only these functions and
 * main() print and decide exit codes. */
#ifndef FIT_CMD_H
#define FIT_CMD_H

int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_estimate(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_render(int argc, char **argv);   /* cmd_render.c */
int cmd_validate(int argc, char **argv); /* cmd_validate.c */

#endif
