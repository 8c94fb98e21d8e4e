package io.tablemover.engine.validate;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import java.util.List;

/** The move did not pass validation (exit code 3); nothing was changed anywhere. */
public class ValidationException extends MoveException {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(ExitCode.VALIDATION_FAILED, problems.size() + " validation problem(s): " + problems, null, null);
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, at least one */
    public List<Problem> problems() {
        return problems;
    }
}
