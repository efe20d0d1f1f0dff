/** What keeps accepted jobs from getting lost: the sweeper, the reaper, and the handling of dead letters. */
package io.darkroom.worker.recovery;
