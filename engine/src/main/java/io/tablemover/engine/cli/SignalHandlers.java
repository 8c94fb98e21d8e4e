package io.tablemover.engine.cli;

import io.tablemover.engine.step.StopSignal;
import java.io.PrintWriter;
import java.util.List;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a clean stop of the run ({@link StopSignal}) instead of the JVM's default exit
 * (143/130 without a word, whatever the phase). A second signal stops the process at once (exit 128 + signal
 * number), after printing where the run is and what the operator must do.
 */
final class SignalHandlers {
    private SignalHandlers() {}

    /** @return the stop signal the handlers set; installed for the life of the process */
    static StopSignal install(PrintWriter err) {
        StopSignal stop = new StopSignal();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), s -> {
                    String signal = "SIG" + s.getName();
                    if (stop.request(signal)) {
                        err.println(signal + " received: stopping cleanly (send it again to stop at once)");
                    } else {
                        err.println(signal + " received again: stopping at once; " + stop.situation());
                        err.flush();
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                    err.flush();
                });
            } catch (IllegalArgumentException unavailable) {
                // this platform does not deliver the signal: the JVM's default applies
            }
        }
        return stop;
    }
}
