/* main.c - the fitgen command: dispatches to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} S_commands[] = {
	{ "build", cmd_build, "build the whole site into an output folder" },
	{ "check", cmd_check, "load and validate the catalog and templates, write nothing" },
	{ "estimate", cmd_estimate, "estimate one model on one hardware entry" },
	{ "list", cmd_list, "list models, hardware, quantizations or workloads" },
	{ "render", cmd_render, "render one Mustache template with a JSON context" },
	{ "validate", cmd_validate, "compare the estimator with published measurements" },
};

static void S_usage(FILE *to)
{
	fprintf(to, "usage: fitgen COMMAND [OPTIONS]\n\n"
	            "Fit Atlas: builds a static site that answers whether a model runs on a machine.\n\n"
	            "commands:\n");
	for (size_t i = 0; i < sizeof(S_commands) / sizeof(S_commands[0]); i++)
		fprintf(to, "  %-10s %s\n", S_commands[i].name, S_commands[i].summary);
	fprintf(to, "\n'fitgen COMMAND --help' describes a command's options.\n"
	            "exit status: 0 success, 1 bad input or failed build, 2 bad usage.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		S_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		S_usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(S_commands) / sizeof(S_commands[0]); i++)
		if (strcmp(argv[1], S_commands[i].name) == 0)
			return S_commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "fitgen: unknown command '%s'\n\n", argv[1]);
	S_usage(stderr);
	return 2;
}
