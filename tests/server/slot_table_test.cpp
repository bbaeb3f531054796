#include "server/slot_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace camstream::server {
namespace {

SlotTable::Caps caps(std::size_t total, std::size_t per_key, std::size_t keys) {
    SlotTable::Caps c;
    c.total = total;
    c.per_key = per_key;
    c.keys = keys;
    return c;
}

TEST(SlotTableTest, RefusesThePlacePastTheTotalAndGivesItBackWhenASlotEnds) {
    SlotTable table(caps(2, SlotTable::kUnlimited, SlotTable::kUnlimited));
    auto a = table.take("10.0.0.1");
    auto b = table.take("10.0.0.2");
    ASSERT_TRUE(a && b);
    SlotTable::Refusal why = SlotTable::Refusal::none;
    EXPECT_FALSE(table.take("10.0.0.3", &why));
    EXPECT_EQ(why, SlotTable::Refusal::total);
    a.reset();
    EXPECT_EQ(table.total(), 1u);
    EXPECT_TRUE(table.take("10.0.0.3"));
}

TEST(SlotTableTest, OneKeyAtItsCapLeavesOtherKeysTheirPlaces) {
    SlotTable table(caps(SlotTable::kUnlimited, 2, SlotTable::kUnlimited));
    std::vector<Slot> held;
    held.push_back(*table.take("a"));
    held.push_back(*table.take("a"));
    SlotTable::Refusal why = SlotTable::Refusal::none;
    EXPECT_FALSE(table.take("a", &why));
    EXPECT_EQ(why, SlotTable::Refusal::per_key);
    EXPECT_TRUE(table.take("b"));
    EXPECT_EQ(table.held_by("a"), 2u);
    held.pop_back();
    EXPECT_TRUE(table.take("a"));
}

TEST(SlotTableTest, AKeyThatHoldsAPlaceMayTakeAnotherWhenTheKeysAreFull) {
    // A camera replacing its own connection is not a new camera.
    SlotTable table(caps(SlotTable::kUnlimited, SlotTable::kUnlimited, 1));
    auto first = table.take("porch");
    ASSERT_TRUE(first);
    auto second = table.take("porch");
    EXPECT_TRUE(second);
    SlotTable::Refusal why = SlotTable::Refusal::none;
    EXPECT_FALSE(table.take("garden", &why));
    EXPECT_EQ(why, SlotTable::Refusal::keys);
    first.reset();
    second.reset();
    EXPECT_EQ(table.keys(), 0u);
    EXPECT_TRUE(table.take("garden"));
}

TEST(SlotTableTest, AMovedSlotIsGivenBackOnceByItsLastOwner) {
    SlotTable table(caps(1, SlotTable::kUnlimited, SlotTable::kUnlimited));
    auto taken = table.take("a");
    ASSERT_TRUE(taken);
    Slot moved = std::move(*taken);
    taken.reset();  // the moved-from slot gives nothing back
    EXPECT_EQ(table.total(), 1u);
    Slot assigned;
    assigned = std::move(moved);
    EXPECT_TRUE(assigned.held());
    EXPECT_FALSE(table.take("b"));
    assigned.release();
    assigned.release();
    EXPECT_EQ(table.total(), 0u);
    EXPECT_TRUE(table.take("b"));
}

TEST(SlotTableTest, ASlotMayOutliveItsTable) {
    std::optional<Slot> slot;
    {
        SlotTable table(SlotTable::Caps{});
        slot = table.take("a");
    }
    ASSERT_TRUE(slot);
    slot.reset();  // no crash, nothing to give back to
}

}  // namespace
}  // namespace camstream::server
