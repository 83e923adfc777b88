using Helpdesk.Core.Domain;

namespace Helpdesk.Tests.Unit.Domain;

public sealed class TimeZonesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/Lisbon", true)]
    [InlineData("America/Sao_Paulo", true)]
    [InlineData("UTC", true)]
    [InlineData("Europe/Atlantis", false)]
    [InlineData("", false)]
    [InlineData("../../etc/passwd", false)]
    public void KnowsIanaZonesOnly(string id, bool known) => Assert.Equal(known, TimeZones.IsKnown(id));

    [Theory]
    [InlineData("Europe/Lisbon", "Lisbon time")]
    [InlineData("America/Argentina/Buenos_Aires", "Buenos Aires time")]
    [InlineData("UTC", "UTC")]
    public void NamesAZoneByItsCity(string id, string label) => Assert.Equal(label, TimeZones.Label(TimeZoneInfo.FindSystemTimeZoneById(id)));

    [Fact]
    public void SpeaksAnInstantInTheZoneWithItsWeekdayAndNoYearWithinThisYear() =>
        Assert.Equal("Tuesday 3 March, 10:00 (Lisbon time)", TimeZones.Spoken(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Lisbon"), Now));

    [Fact]
    public void SpeaksSummerTimeAfterTheChange() =>
        Assert.Equal("Monday 30 March, 10:00 (Lisbon time)", TimeZones.Spoken(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Lisbon"), Now));

    [Fact]
    public void NamesTheYearOfAnotherYear() =>
        Assert.Equal("Friday 1 January 2027, 09:00 (UTC)", TimeZones.Spoken(new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc, Now));

    [Fact]
    public void AnUnknownZoneIsRefusedWithItsName() =>
        Assert.Contains("\"Mars/Olympus\" is not a time zone", Assert.Throws<DomainException>(() => TimeZones.Normalize("Mars/Olympus")).Message, StringComparison.Ordinal);

    [Fact]
    public void ACustomerReadsInTheirOwnZoneElseTheirOrganizationsElseTheHelpdesks()
    {
        var display = new DisplayZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var organization = new Organization("Acme", null, null, Now);
        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", organization, Now);
        Assert.Equal("Europe/Berlin", display.For(customer).Id);

        organization.SetTimeZone("Asia/Tokyo");
        Assert.Equal("Asia/Tokyo", display.For(customer).Id);

        customer.SetTimeZone("America/Sao_Paulo");
        Assert.Equal("America/Sao_Paulo", display.For(customer).Id);
    }
}
