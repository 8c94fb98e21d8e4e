package io.tablemover.engine.run;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.tablemover.engine.config.MoveConfig;
import io.tablemover.engine.copy.CopyStep;
import io.tablemover.engine.create.CreateTablesStep;
import io.tablemover.engine.cutover.CutoverNames;
import io.tablemover.engine.cutover.DrainStep;
import io.tablemover.engine.cutover.RenameStep;
import io.tablemover.engine.cutover.WaitForCutoverStep;
import io.tablemover.engine.reverse.ReverseStep;
import io.tablemover.engine.reverse.ReverseStreams;
import io.tablemover.engine.reverse.RevertDrainStep;
import io.tablemover.engine.reverse.RevertStep;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.step.Step;
import io.tablemover.engine.validate.ValidateStep;
import io.tablemover.engine.index.AddIndexesStep;
import io.tablemover.engine.step.Reverification;
import io.tablemover.engine.verify.Reverifier;
import io.tablemover.engine.verify.VerifyStep;

/**
 * The phase steps, one line each: a new phase is a {@link Phase} constant, a {@link Step} class in its phase's
 * package, and one {@code addBinding} here. {@link MoveRun} runs the step bound to the run's current phase.
 */
final class StepsModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<Phase, Step> steps = MapBinder.newMapBinder(binder(), Phase.class, Step.class);
        steps.addBinding(Phase.VALIDATE).to(ValidateStep.class);
        steps.addBinding(Phase.CREATE).to(CreateTablesStep.class);
        steps.addBinding(Phase.COPY).to(CopyStep.class);
        steps.addBinding(Phase.ADD_INDEXES).to(AddIndexesStep.class);
        bind(Reverification.class).to(Reverifier.class);
        steps.addBinding(Phase.VERIFY).to(VerifyStep.class);
        steps.addBinding(Phase.WAIT_CUTOVER).to(WaitForCutoverStep.class);
        steps.addBinding(Phase.CUTOVER).to(RenameStep.class);
        steps.addBinding(Phase.DRAIN).to(DrainStep.class);
        bind(ReverseStreams.class).in(Singleton.class);
        steps.addBinding(Phase.REVERSE).to(ReverseStep.class);
        steps.addBinding(Phase.REVERT).to(RevertStep.class);
        steps.addBinding(Phase.REVERT_DRAIN).to(RevertDrainStep.class);
    }

    /** @return the cutover names of the moved tables */
    @Provides
    @Singleton
    static CutoverNames cutoverNames(MoveConfig config) {
        return new CutoverNames(config.source().database(), config.tables());
    }
}
