using Helpdesk.Core.Domain;

namespace Helpdesk.Tests.Unit.Localization;

public sealed class LanguagesTests
{
    [Theory]
    [InlineData("pt-PT", "pt-PT")]
    [InlineData("pt", "pt-PT")]
    [InlineData("pt_PT", "pt-PT")]
    [InlineData("pt-BR,pt;q=0.9,en;q=0.8", "pt-PT")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE, en;q=0.5", "en")]
    [InlineData("de-DE", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void AHeaderOrTagNamesASupportedLanguageOrNone(string? header, string? expected) => Assert.Equal(expected, Languages.Normalize(header));

    [Fact]
    public void AnEndlessHeaderIsReadOnlyAsFarAsItsBound() =>
        Assert.Null(Languages.Normalize(string.Concat(Enumerable.Repeat("xx-YY,", 100_000)) + "pt"));

    [Fact]
    public void AMomentIsSpokenInPortugueseWithTheZoneInPortuguese()
    {
        var lisbon = TimeZoneInfo.FindSystemTimeZoneById("Europe/Lisbon");
        var at = new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal("terça-feira, 3 de março, 10:00 (hora de Lisboa)", TimeZones.Spoken(at, lisbon, at, Languages.Portuguese));
        Assert.Equal("terça-feira, 3 de março de 2026, 10:00 (hora de Lisboa)", TimeZones.Spoken(at, lisbon, at.AddYears(-1), Languages.Portuguese));
        Assert.Equal("Tuesday 3 March, 10:00 (Lisbon time)", TimeZones.Spoken(at, lisbon, at));
    }
}
