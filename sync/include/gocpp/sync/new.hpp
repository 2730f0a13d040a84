// gocpp/sync/new.hpp — Go's new(T) and &T{...}: a value that lives as long
// as anything still uses it, shared through a cheap handle.
//
//     auto wg = new_<sync::WaitGroup>();          // wg := new(sync.WaitGroup)
//     auto mu = new_<sync::Mutex>();              // mu := new(sync.Mutex)
//     auto hits = new_<int>(0);                   // hits := new(int)
//     auto cond = sync::new_cond(new_<sync::Mutex>());  // sync.NewCond(new(sync.Mutex))
//     wg->add(1);
//     go([=] {                                    // [=] copies the handles
//         defer _{[=] { wg->done(); }};
//         std::lock_guard lk(*mu);
//         ++*hits;
//     });
//     wg->wait();
//
// Go's garbage collector keeps a variable alive while any goroutine or
// closure still refers to it, even after the function that declared it has
// returned. C++ destroys a local at the end of its scope, so a goroutine (or
// an after_func body, or a timer callback) that can still be running then
// must share the variable through a handle instead of a reference: declare
// it with new_<T>(...) and capture the handle by value ([=]). The value is
// destroyed when the last handle goes. See docs/porting-gc.md for each
// pattern.
//
// new_<T>(args...) constructs T from args (value-initialized with none) and
// returns a std::shared_ptr<T>. Copying the handle is thread-safe; the value
// itself is as thread-safe as T (a sync type is; an int is not, guard it or
// use std::atomic<int>). Nothing here blocks.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace gocpp {

template <class T, class... Args>
[[nodiscard]] std::shared_ptr<T> new_(Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
        return std::make_shared<T>();
    } else if constexpr (std::is_constructible_v<T, Args&&...>) {
        return std::make_shared<T>(std::forward<Args>(args)...);
    } else {
        // Aggregates (Go's &T{a, b}).
        return std::shared_ptr<T>(new T{std::forward<Args>(args)...});
    }
}

}  // namespace gocpp
