//! The command-line splitter (`core::runtimes::command`), fed any line and any tokens. It must
//! never panic; a line it accepts is written back by `join_command_line` as a line that splits
//! to the same tokens; any command and arguments joined split back unchanged (join's
//! contract); and what the profile form accepts (split, then validated) is shown back by join
//! as a line the form accepts again with the same result.

#![no_main]

use agentry_core::runtimes::{
    join_command_line, split_command_line, validate_command_name, validate_fixed_args,
};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    line: String,
    command: String,
    args: Vec<String>,
}

fuzz_target!(|input: Input| {
    if let Ok(split) = split_command_line(&input.line) {
        let rejoined = join_command_line(&split.command, &split.args);
        assert_eq!(
            split_command_line(&rejoined).as_ref(),
            Ok(&split),
            "{:?} was rejoined as {rejoined:?}",
            input.line
        );
        // The profile form: split, then the same validation as the server.
        if let (Ok(command), Ok(())) = (
            validate_command_name(&split.command),
            validate_fixed_args(&split.args),
        ) {
            let shown = join_command_line(&command, &split.args);
            let again = split_command_line(&shown).expect("the form's own line splits");
            assert_eq!(again.command, command, "{shown:?}");
            assert_eq!(again.args, split.args, "{shown:?}");
        }
    }

    let line = join_command_line(&input.command, &input.args);
    let split = split_command_line(&line).unwrap_or_else(|e| {
        panic!(
            "{:?} {:?} joined as {line:?}: {e}",
            input.command, input.args
        )
    });
    assert_eq!(split.command, input.command, "{line:?}");
    assert_eq!(split.args, input.args, "{line:?}");
});
