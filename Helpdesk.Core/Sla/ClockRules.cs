using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Helpdesk.Core.Sla;

/// <summary>
/// What "breached" and "missed" mean, written once as expressions: the same rule runs in memory (the ticket page, the
/// survey's SLA outcome) and in the database (the reports), where EF translates it.
/// </summary>
public static class ClockRules
{
    /// <summary>Breached: its breach recorded, or running past its due moment (a sweep has not marked it yet).</summary>
    public static readonly Expression<Func<SlaClock, DateTimeOffset, bool>> Breached =
        (c, now) => c.BreachedAt != null || (c.State == SlaClockState.Running && c.DueAt <= now);

    /// <summary>Missed: met late, or breached.</summary>
    public static readonly Expression<Func<SlaClock, DateTimeOffset, bool>> Missed = Expression.Lambda<Func<SlaClock, DateTimeOffset, bool>>(
        Expression.OrElse(
            Expression.Equal(Expression.Property(Breached.Parameters[0], nameof(SlaClock.State)), Expression.Constant(SlaClockState.MetLate)),
            Breached.Body),
        Breached.Parameters);

    private static readonly Func<SlaClock, DateTimeOffset, bool> BreachedCompiled = Breached.Compile();
    private static readonly Func<SlaClock, DateTimeOffset, bool> MissedCompiled = Missed.Compile();

    public static bool IsBreached(SlaClock clock, DateTimeOffset now) => BreachedCompiled(clock, now);

    public static bool IsMissed(SlaClock clock, DateTimeOffset now) => MissedCompiled(clock, now);

    /// <summary>
    /// The rule's body for one moment, on the given clock expression, to use inside a larger query expression; the moment is a
    /// query parameter (read from a box), not SQL text.
    /// </summary>
    public static Expression AtMoment(Expression<Func<SlaClock, DateTimeOffset, bool>> rule, Expression clock, DateTimeOffset now)
    {
        var moment = Expression.Field(Expression.Constant(new StrongBox<DateTimeOffset>(now)), nameof(StrongBox<DateTimeOffset>.Value));
        return new Substitute(rule.Parameters[0], clock, rule.Parameters[1], moment).Visit(rule.Body);
    }

    private sealed class Substitute(ParameterExpression clock, Expression clockWith, ParameterExpression now, Expression nowWith) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == clock ? clockWith : node == now ? nowWith : base.VisitParameter(node);
    }
}
