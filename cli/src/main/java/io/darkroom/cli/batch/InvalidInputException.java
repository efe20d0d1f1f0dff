package io.darkroom.cli.batch;

import java.util.List;

/** The input file cannot become a batch: each problem names its line. Nothing was uploaded. */
final class InvalidInputException extends Exception {

    /** One refused line (1-based) of the input file, and why. */
    record Problem(int line, String message) {
    }

    private final List<Problem> problems;

    InvalidInputException(String file, List<Problem> problems) {
        super(file + " has " + problems.size() + (problems.size() == 1 ? " bad line" : " bad lines") + "; nothing was submitted.");
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }
}
