using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// SQL Server's retry on transient faults (failover, throttling, a dropped connection) for every query and save that
/// runs on its own. Inside one of the app's few explicit transactions (intake of one message, an account change, a
/// disruption's tickets) a retry would replay half-applied tracked changes, so there a fault surfaces as it does on the
/// other providers and the caller's own recovery runs (the message is quarantined with the reason and can be retried;
/// the form shows the error). EF's own retrying strategy refuses explicit transactions outright.
/// </summary>
public sealed class SqlServerRetries(ExecutionStrategyDependencies dependencies)
    : SqlServerRetryingExecutionStrategy(dependencies, maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(10), errorNumbersToAdd: null)
{
    private bool _inTransaction;

    protected override void OnFirstExecution()
    {
        _inTransaction = Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;
        if (_inTransaction)
        {
            ExceptionsEncountered.Clear();
            return;
        }

        base.OnFirstExecution();
    }

    protected override bool ShouldRetryOn(Exception exception) => !_inTransaction && base.ShouldRetryOn(exception);
}
