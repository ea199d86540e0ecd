package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigException;

@Tag("plain")
class RunStepsTest {
    @Test
    void stepsBetweenFromAndUntil() {
        RunSteps s = RunSteps.of("acquire", "report");
        assertThat(s.runs(RunSteps.Step.PLAN)).isFalse();
        assertThat(s.runs(RunSteps.Step.ACQUIRE)).isTrue();
        assertThat(s.runs(RunSteps.Step.REPORT)).isTrue();
        assertThat(s.runs(RunSteps.Step.PACKAGE)).isFalse();
        assertThat(RunSteps.of(null, null).isAll()).isTrue();
        assertThat(RunSteps.of(null, "Plan")).isEqualTo(new RunSteps(RunSteps.Step.PLAN, RunSteps.Step.PLAN));
    }

    @Test
    void everyStepCanStartOrEndARun() {
        assertThat(RunSteps.of(null, "process")).isEqualTo(new RunSteps(RunSteps.Step.PLAN, RunSteps.Step.PROCESS));
        RunSteps report = RunSteps.of("report", null);
        assertThat(report.runs(RunSteps.Step.PROCESS)).isFalse();
        assertThat(report.runs(RunSteps.Step.REPORT)).isTrue();
        assertThat(report.runs(RunSteps.Step.PACKAGE)).isTrue();
        assertThat(RunSteps.of("package", "package").runs(RunSteps.Step.REPORT)).isFalse();
    }

    @Test
    void clearErrorsForUnknownAndReversedSteps() {
        assertThatThrownBy(() -> RunSteps.of("tiles", null)).isInstanceOf(ConfigException.class)
                .hasMessage("--from tiles: not a step; steps are plan, acquire, process, report, package");
        assertThatThrownBy(() -> RunSteps.of("process", "plan")).hasMessage("--until plan comes before --from process");
        assertThatThrownBy(() -> RunSteps.of("package", "report")).hasMessage("--until report comes before --from package");
    }
}
