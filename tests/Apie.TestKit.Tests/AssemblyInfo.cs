using Xunit;

// A capture replaces ApieClient.Current, which is one per process: these tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
