package dev.lambdatrace.emulator;

/**
 * What happens to a sandbox at the two moments of Lambda's lifecycle that the Runtime API endpoint sees. Called on the
 * endpoint's event loop, in order: {@link #beforeIdle}, {@link #freeze}, and later {@link #thaw} before the next
 * event goes out.
 */
interface SandboxLifecycle {

    SandboxLifecycle NONE = new SandboxLifecycle() {
    };

    /** The runtime and every extension now wait on {@code next}; nothing of the invocation is running any more. */
    default void beforeIdle() {
    }

    /** Lambda would freeze the sandbox now, with no signal first. */
    default void freeze() {
    }

    /** An event is about to go out: the sandbox must be running again. */
    default void thaw() {
    }
}
