using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log lines into the app's logging. Hangfire keeps its log provider in one global for the process, so
/// where several apps live in one process (the test suite) it can outlive the app whose logging it writes to: a
/// logger asked of, or written to, after that app's logging was disposed stays silent instead of failing the caller
/// (a static initializer that fails once fails for the rest of the process).
/// </summary>
public sealed class JobsLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Logger(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new Logger(null);
        }
    }

    private sealed class Logger(ILogger? logger) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logger is null)
            {
                return false;
            }

            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                if (logger.IsEnabled(level))
                {
#pragma warning disable CA2254 // Hangfire hands over finished messages
                    logger.Log(level, 0, exception, messageFunc());
#pragma warning restore CA2254
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
