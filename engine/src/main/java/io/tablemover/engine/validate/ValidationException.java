package io.tablemover.engine.validate;

import java.util.List;

/** The move did not pass validation (exit code 3); nothing was changed anywhere. */
public class ValidationException extends RuntimeException {
    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.size() + " validation problem(s): " + problems);
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, at least one */
    public List<Problem> problems() {
        return problems;
    }
}
