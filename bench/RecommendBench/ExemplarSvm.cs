namespace PaperFeed.Bench;

/// <summary>
/// arxiv-sanity-lite's ranking for one paper (serve.py): a linear SVM trained with that paper as the only positive and
/// every other paper negative, <c>LinearSVC(C=0.01, class_weight='balanced', tol=1e-6, max_iter=10000)</c>, then every
/// paper scored by its decision function. Solved the way liblinear (which LinearSVC runs) solves it: dual coordinate
/// descent for the L2-regularized squared-hinge loss (Hsieh et al., 2008), an intercept as a constant feature of 1 that
/// is regularized too, each class's C scaled by n / (2 × its size).
/// </summary>
internal static class ExemplarSvm
{
    public static double[] Scores(SparseVector[] x, int dimensions, int positive, Random random, double c = 0.01, double tolerance = 1e-6, int maxIterations = 10_000)
    {
        var n = x.Length;
        var w = new double[dimensions + 1]; // the last one is the intercept's
        var bias = dimensions;
        var alpha = new double[n];
        var diagonal = new double[n];
        var qd = new double[n];
        for (var i = 0; i < n; i++)
        {
            var weight = i == positive ? n / 2.0 : n / (2.0 * (n - 1));
            diagonal[i] = 0.5 / (c * weight);
            qd[i] = diagonal[i] + x[i].SquaredNorm() + 1.0;
        }

        var order = Enumerable.Range(0, n).ToArray();
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            random.Shuffle(order);
            var max = double.NegativeInfinity;
            var min = double.PositiveInfinity;
            foreach (var i in order)
            {
                var y = i == positive ? 1.0 : -1.0;
                var g = y * (x[i].Dot(w) + w[bias]) - 1 + alpha[i] * diagonal[i];
                var projected = alpha[i] == 0 ? Math.Min(g, 0) : g;
                max = Math.Max(max, projected);
                min = Math.Min(min, projected);
                if (Math.Abs(projected) > 1e-12)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Max(old - g / qd[i], 0);
                    var step = (alpha[i] - old) * y;
                    for (var k = 0; k < x[i].Indices.Length; k++)
                    {
                        w[x[i].Indices[k]] += step * x[i].Values[k];
                    }

                    w[bias] += step;
                }
            }

            if (max - min <= tolerance)
            {
                break;
            }
        }

        return [.. x.Select(row => row.Dot(w) + w[bias])];
    }
}
