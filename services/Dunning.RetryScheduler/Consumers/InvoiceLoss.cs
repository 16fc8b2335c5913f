using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>An invoice that will not be paid: its open case is lost; with no case yet, a late failure finds it settled.</summary>
internal static class InvoiceLoss
{
    public static async Task CloseAsync(CaseRepository cases, CaseClock clock, UnitOfWork unit, string invoiceId, LossReason reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var c = await cases.FindByInvoiceAsync(unit, invoiceId, cancellationToken);
        if (c is null)
        {
            cases.RememberSettled(unit, invoiceId, reason.ToString(), at);
        }
        else if (c.IsOpen)
        {
            c.CloseLost(reason, finalAction: false, await clock.NowAsync(unit, c, cancellationToken));
            await cases.SaveAsync(unit, c, cancellationToken);
        }
    }
}
