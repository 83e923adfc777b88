using Helpdesk.Core.Domain;

namespace Helpdesk.Tests.Unit.Availability;

public sealed class ServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnOrganizationWithoutItsOwnTargetGetsEveryonesTarget()
    {
        var email = new Service("Email", 99.9, null, Now);
        email.SetTargets([(7, 99.99)]);

        Assert.Equal(99.99, email.TargetFor(7));
        Assert.Equal(99.9, email.TargetFor(8));
        Assert.Equal(99.9, email.TargetFor(null));
    }

    [Fact]
    public void SettingTargetsAgainReplacesThem()
    {
        var email = new Service("Email", 99.9, null, Now);
        email.SetTargets([(7, 99.99), (8, 99.5)]);

        email.SetTargets([(8, 99.0)]);

        Assert.Equal([(8, 99.0)], email.Targets.Select(t => (t.OrganizationId, t.Percent)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100.1)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void ATargetIsAPercentageAboveZeroAndAtMostAHundred(double percent) =>
        Assert.Contains("such as 99.9", Assert.Throws<DomainException>(() => new Service("Email", percent, null, Now)).Message, StringComparison.Ordinal);

    [Fact]
    public void ADisruptionNamesTheServicesItTookDownOrDegraded()
    {
        var disruption = new Disruption("Mail slow", true, [], [], Now);

        disruption.AffectServices([3, 1, 3], degraded: true);

        Assert.Equal([1, 3], disruption.ServiceIds);
        Assert.True(disruption.Degraded);
    }
}
