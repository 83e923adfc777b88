namespace Helpdesk.Tests.Support;

/// <summary>
/// Tests that need an outside service (PostgreSQL, Chromium) skip when it is missing on a developer
/// machine, and fail under CI=true, where the test script must have provided it.
/// </summary>
public static class ServiceRequirement
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool available, string what)
    {
        if (available)
        {
            return;
        }

        if (InCi)
        {
            throw new InvalidOperationException($"{what} is required under CI=true but is not available; the test script should have started it.");
        }

        Skip.If(true, $"{what} is not available; run ./test.sh to install and start it.");
    }
}
