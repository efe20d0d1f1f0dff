package io.darkroom.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.JobError;
import io.darkroom.model.ValidatedImageRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The big rules of the code, checked on the compiled main classes of every module: one owner of the job
 * lifecycle (only {@link JobLifecycle} changes a job's state, publishes its work message or its final
 * event), provider knowledge with the workers (the api depends on no provider setting or key), and a
 * validated request made by validation only (the job store alone restores one it stored).
 */
class ArchitectureTests {

    /** The job store's writes: every state change, and the bookkeeping of publishing and events. */
    private static final Set<String> STATE_CHANGES = Set.of("create", "createOnce", "createLine", "claim", "takeOverIfHolderGone", "abandon",
            "succeed", "fail", "failIfRunning", "cancel", "scheduleRetry", "requeue", "requeueIfLeaseExpired", "renewLease",
            "markPublished", "forgetOutboxEntry");
    /** What only the lifecycle publishes: work messages, final events, progress announcements. */
    private static final Set<String> LIFECYCLE_PUBLISHES = Set.of("publish", "publishDelayed", "publishEvent", "announceProgress");

    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.darkroom");

    static final ArchRule ONLY_THE_LIFECYCLE_CHANGES_A_JOB = noClasses()
            .that().doNotHaveFullyQualifiedName(JobLifecycle.class.getName())
            .and().doNotHaveFullyQualifiedName(RedisJobStore.class.getName())
            .should().callMethodWhere(calling(RedisJobStore.class, STATE_CHANGES))
            .orShould().callMethodWhere(calling(JobPublisher.class, LIFECYCLE_PUBLISHES))
            .because("a job's state, its work message and its final event have one owner, the JobLifecycle (issue 12)");

    static final ArchRule THE_API_HOLDS_NO_PROVIDER_SETTING = noClasses()
            .that().resideInAPackage("io.darkroom.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.darkroom.worker..")
            .because("provider knowledge (keys, base URLs, health) lives with the workers; the api routes on what they advertise");

    /** The job store's codec, package-private: it restores the requests it stored. */
    private static final String JOB_CODEC = "io.darkroom.infra.jobs.JobCodec";

    static final ArchRule ONLY_THE_JOB_STORE_RESTORES_A_VALIDATED_REQUEST = noClasses()
            .that().doNotHaveFullyQualifiedName(JOB_CODEC)
            .should().callMethodWhere(calling(ValidatedImageRequest.class, Set.of("restore")))
            .because("a validated request is made by ModelCatalog.validate; only the job store restores one it stored (decision 016)");

    @Test
    void onlyTheLifecycleChangesAJobsStateOrSendsItsMessagesAndEvents() {
        assertThat(MAIN.contain(JobLifecycle.class)).as("the import found the main classes").isTrue();
        ONLY_THE_LIFECYCLE_CHANGES_A_JOB.check(MAIN);
    }

    @Test
    void theLifecycleRuleCatchesAFinalStateWrittenBesideIt() {
        JavaClasses offender = new ClassFileImporter().importClasses(SideEffectBesideTheLifecycle.class);

        assertThat(ONLY_THE_LIFECYCLE_CHANGES_A_JOB.evaluate(offender).hasViolation()).isTrue();
    }

    @Test
    void theApiDependsOnNoProviderSettingAndReadsNoProviderKey() throws IOException {
        assertThat(MAIN.contain(io.darkroom.api.ApiApplication.class)).isTrue();
        THE_API_HOLDS_NO_PROVIDER_SETTING.check(MAIN);
        for (String shared : new String[] {"darkroom-infra.properties", "darkroom-api.properties"}) {
            assertThat(new ClassPathResource(shared).getContentAsString(StandardCharsets.UTF_8))
                    .as(shared + " configures no provider").doesNotContain("darkroom.providers.").doesNotContain("API_KEY");
        }
    }

    @Test
    void onlyTheJobStoreRestoresAValidatedRequestAndTheRuleCatchesAnyoneElse() {
        assertThat(MAIN.contain(JOB_CODEC)).as("the import found the job store's codec").isTrue();
        ONLY_THE_JOB_STORE_RESTORES_A_VALIDATED_REQUEST.check(MAIN);

        JavaClasses offender = new ClassFileImporter().importClasses(RequestMadeWithoutValidation.class);
        assertThat(ONLY_THE_JOB_STORE_RESTORES_A_VALIDATED_REQUEST.evaluate(offender).hasViolation()).isTrue();
    }

    private static DescribedPredicate<JavaMethodCall> calling(Class<?> owner, Set<String> methods) {
        return DescribedPredicate.describe(owner.getSimpleName() + "." + methods,
                call -> call.getTargetOwner().isEquivalentTo(owner) && methods.contains(call.getName()));
    }

    /** What the request rule must refuse: a class that passes a draft off as validated. */
    static final class RequestMadeWithoutValidation {
        ValidatedImageRequest skipValidation(ImageRequest draft) {
            return ValidatedImageRequest.restore(draft);
        }
    }

    /** What the rule must refuse: a class that fails a job itself instead of asking the lifecycle. */
    static final class SideEffectBesideTheLifecycle {
        void failOnMyOwn(RedisJobStore jobs) {
            jobs.fail("job_x", null, new JobError("boom", "failed beside the lifecycle"));
        }
    }
}
