/* cmd_validate.h - `fitgen validate`: the estimator against published
 * llama.cpp measurements (decode and prefill speeds, GGUF file sizes).
 *
 * Reads the calibration CSV and a mapping file (CSV names → catalog slugs),
 * runs the estimator on every row whose model and hardware are in the
 * catalog, and prints median and 90th-percentile absolute errors per
 * platform family and overall, a leave-one-hardware-out cross-check, the
 * constant-efficiency baseline, file-size errors and the rows it could not
 * map. With --fit it refits est_calib_default and prints the initializer.
 * Prints to stdout; returns the exit status (0, 1 bad input, 2 bad usage).
 */
#ifndef FIT_CMD_VALIDATE_H
#define FIT_CMD_VALIDATE_H

int cmd_validate(int argc, char **argv);

#endif
