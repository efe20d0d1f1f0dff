package io.darkroom.infra.jobs;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The UTC day and month a budget reservation is made in, as a key's budget ledger names them ({@code rd:<day>},
 * {@code rm:<month>}: the epoch day and {@code yyyymm}), for the scripts that reserve: the api's {@code reserve.lua}
 * and {@code release-lines.lua}. {@code transition.lua} settles in the periods recorded with the reservation.
 *
 * @param day   the epoch day
 * @param month the month as {@code yyyymm}
 */
public record BudgetPeriods(String day, String month) {

    /** The periods of {@code date}. */
    public static BudgetPeriods of(LocalDate date) {
        return new BudgetPeriods(Long.toString(date.toEpochDay()), Integer.toString(date.getYear() * 100 + date.getMonthValue()));
    }

    /** The periods of today, UTC. */
    public static BudgetPeriods today() {
        return of(LocalDate.now(ZoneOffset.UTC));
    }
}
