# mk/validate.mk - `make validate`: the estimator against published llama.cpp
# measurements (../shared/calibration/decode_calibration.csv, mapped to the
# catalog by tests/calibration/map.json). Prints median and 90th-percentile
# errors per platform family, a leave-one-hardware-out refit, the
# constant-efficiency baseline, GGUF file-size errors and unmapped rows.
# `make validate-fit` refits the constants and prints est_calib_default.
# Included by the Makefile (-include mk/*.mk); needs $(BUILD)/fitgen.

CALIBRATION_CSV ?= ../shared/calibration/decode_calibration.csv

.PHONY: validate validate-fit

validate: check-deps $(BUILD)/fitgen
	$(BUILD)/fitgen validate --csv $(CALIBRATION_CSV)

validate-fit: check-deps $(BUILD)/fitgen
	$(BUILD)/fitgen validate --csv $(CALIBRATION_CSV) --fit --no-loo
