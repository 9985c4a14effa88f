package dev.tidings.inbox;

/**
 * An inbox a write was to lock is gone: it was made ({@link InboxCreator}) and erased before the
 * write's transaction locked it ({@code DELETE /api/v1/users/{user}}). The group commit makes the
 * inbox again and runs the write once more: a write to an erased user starts a fresh inbox.
 */
public class InboxesVanishedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InboxesVanishedException(int missing) {
        super(missing + " inboxes were erased between their creation and the write that locks them");
    }
}
