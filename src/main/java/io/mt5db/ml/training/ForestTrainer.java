package io.mt5db.ml.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.dataset.DatasetView;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Fits a random forest with Tribuo on several threads. Tribuo's {@code RandomForestTrainer} bags its trees
 * one after another; this does the same bagging (a bootstrap view of the dataset per tree, a CART tree
 * choosing among a random featureFraction of the features at each split) but runs the trees on a thread
 * pool and combines them into one {@link WeightedEnsembleModel}, which is what RandomForestTrainer
 * returns too. Each tree's seed is drawn up front from {@code params.seed()}, so the forest does not
 * depend on the number of threads. The combiner averages the trees' leaf class distributions
 * ({@link FullyWeightedVotingCombiner}), which gives smoother probabilities than counting votes.
 */
final class ForestTrainer {

    /** The name of every ensemble built here; it tells a stored forest with unit weights apart. */
    static final String ENSEMBLE_NAME = "mt5db-random-forest";

    private ForestTrainer() {
    }

    /**
     * Every leaf of a tree holds at least this share of its bootstrap sample (and at least Tribuo's default
     * of 5 rows). Without it, depth-12 trees on 290,000 rows ended in leaves of a few dozen rows: 118 MB of
     * protobuf for 100 trees, to be stored in the registry, and noisier leaf probabilities. With 0.2 % on
     * 150,000 bars the model was 2.9 times smaller and test AUC 0.551 against 0.545, at the same fit time.
     */
    static final double MIN_LEAF_SHARE = 0.002;

    static float minChildWeight(int bagSize) {
        return (float) Math.max(5, MIN_LEAF_SHARE * bagSize);
    }

    /** {@code binnedRows} are the training features after binning; {@code treeDone} hears the count of trees done. */
    static Model<Label> fit(List<double[]> binnedRows, int[] labels, List<String> featureNames, ForestParams params,
            IntConsumer treeDone) {
        String[] names = featureNames.toArray(String[]::new);
        LabelFactory factory = new LabelFactory();
        Label up = new Label(ForestModel.UP);
        Label down = new Label(ForestModel.DOWN);
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("mt5db training window",
                factory), factory);
        for (int r = 0; r < binnedRows.size(); r++) {
            dataset.add(new ArrayExample<>(labels[r] == 1 ? up : down, names, binnedRows.get(r)));
        }
        ImmutableFeatureMap featureMap = dataset.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputInfo = dataset.getOutputIDInfo();
        int bagSize = Math.max(1, (int) Math.round(params.bootstrapFraction() * dataset.size()));
        SplittableRandom seeds = new SplittableRandom(params.seed());
        long[] treeSeeds = new long[params.trees()];
        for (int t = 0; t < treeSeeds.length; t++) {
            treeSeeds[t] = seeds.nextLong();
        }
        float minChildWeight = minChildWeight(bagSize);
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(params.threads(), params.trees()), runnable -> {
            Thread thread = new Thread(runnable, "forest-fit");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Model<Label>>> futures = new ArrayList<>(treeSeeds.length);
            for (long treeSeed : treeSeeds) {
                futures.add(pool.submit(() -> {
                    DatasetView<Label> bag = DatasetView.createBootstrapView(dataset, bagSize, treeSeed, featureMap,
                            outputInfo);
                    CARTClassificationTrainer trainer = new CARTClassificationTrainer(params.maxDepth(),
                            minChildWeight, 0.0f, (float) params.featureFraction(), false, new GiniIndex(), treeSeed);
                    Model<Label> tree = trainer.train(bag);
                    treeDone.accept(done.incrementAndGet());
                    return tree;
                }));
            }
            List<Model<Label>> trees = new ArrayList<>(futures.size());
            for (Future<Model<Label>> future : futures) {
                trees.add(future.get());
            }
            return WeightedEnsembleModel.createEnsembleFromExistingModels(ENSEMBLE_NAME, trees,
                    new FullyWeightedVotingCombiner());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a tree failed to train: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
