using System;
using System.Globalization;
using Xunit;

namespace Apie.Runtime.Tests;

[Collection(CurrentClientCollection.Name)]
public sealed class GeneratedFormatTests
{
    [Fact]
    public void Format_Null_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, ApieGenerated.Format<string?>(null));
        Assert.Equal(string.Empty, ApieGenerated.Format<object?>(null));
        Assert.Equal(string.Empty, ApieGenerated.Format<int?>(null));
    }

    [Fact]
    public void Format_Double_UsesInvariantCulture()
    {
        const double value = 1234.5;

        var (formatted, german) = FormatUnderGermanCulture(value);

        Assert.Equal("1234.5", formatted);
        Assert.NotEqual(german, formatted);
    }

    [Fact]
    public void Format_CommonValueTypes_UseInvariantCulture()
    {
        // Swedish writes a negative number with the Unicode minus sign and a decimal comma.
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            Assert.NotEqual("-42", (-42).ToString(CultureInfo.CurrentCulture));

            Assert.Equal("-42", ApieGenerated.Format(-42));
            Assert.Equal("-9000000000", ApieGenerated.Format(-9_000_000_000L));
            Assert.Equal("-1234.5", ApieGenerated.Format(-1234.5));
            Assert.Equal("-1234.50", ApieGenerated.Format(-1234.50m));
            Assert.Equal("True", ApieGenerated.Format(true));
            Assert.Equal("-7", ApieGenerated.Format<int?>(-7));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void Format_DateTime_UsesInvariantCulture()
    {
        var value = new DateTime(2024, 3, 14, 15, 9, 26, DateTimeKind.Utc);

        var (formatted, german) = FormatUnderGermanCulture(value);

        Assert.Equal("03/14/2024 15:09:26", formatted);
        Assert.NotEqual(german, formatted);
    }

    [Fact]
    public void Format_ThrowingToString_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, ApieGenerated.Format(new ThrowingToString()));
        Assert.Equal(string.Empty, ApieGenerated.Format(new ThrowingFormattable()));
    }

    [Fact]
    public void Format_PlainObject_UsesToString()
    {
        Assert.Equal("ticket T-1", ApieGenerated.Format(new Ticket("T-1")));
        Assert.Equal("already text", ApieGenerated.Format("already text"));
    }

    /// <summary>
    /// Formats <paramref name="value"/> while the current culture is German, which writes 1234.5 as "1234,5" and
    /// dates day first, and returns the result together with the German text of the value.
    /// </summary>
    private static (string Formatted, string German) FormatUnderGermanCulture<T>(T value)
        where T : IFormattable
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            return (ApieGenerated.Format(value), value.ToString(null, CultureInfo.CurrentCulture));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("ToString failed");
    }

    private sealed class ThrowingFormattable : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => throw new FormatException("ToString failed");
    }

    private sealed record Ticket(string Id)
    {
        public override string ToString() => $"ticket {Id}";
    }
}
