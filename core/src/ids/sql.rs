//! The ids as sqlx `Any` values: written and read as the canonical hyphenated UUID text that
//! both backends' TEXT id columns hold, so the schema does not change. Text that is not a
//! UUID fails to decode (a `ColumnDecode` error the server answers with a logged 500), rather
//! than becoming some placeholder id.

/// Implements `Type`, `Encode` and `Decode` for the `Any` driver on one id newtype.
macro_rules! any_text {
    ($name:ident) => {
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, sqlx::Any>>::encode(self.0.to_string(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(
                value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                // Strict: stored ids are canonical, so no trimming as `parse` does for input.
                uuid::Uuid::parse_str(&text).map(Self).map_err(|err| {
                    format!("{} is not a UUID ({text:?}): {err}", stringify!($name)).into()
                })
            }
        }
    };
}

pub(super) use any_text;

#[cfg(test)]
mod tests {
    use crate::{AgentId, WorkspaceId};
    use sqlx::any::{AnyArguments, AnyValue};
    use sqlx::{Any, Arguments, Decode, Encode, Type, Value};
    use uuid::Uuid;

    /// `value` as the driver would store it: bound, then handed back as a column value. (The
    /// value's variants are hidden from the facade, so the test goes through binding.)
    fn stored<T: Encode<'static, Any> + Type<Any> + 'static>(value: T) -> AnyValue {
        let mut args = AnyArguments::default();
        args.add(value).expect("binds");
        let kind = args.values.0.pop().expect("one value");
        AnyValue { kind }
    }

    #[test]
    fn an_id_is_bound_as_its_hyphenated_text() {
        let id = AgentId(Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef));
        let text = stored(id.0.to_string());
        assert_eq!(format!("{:?}", stored(id)), format!("{text:?}"));
        assert!(format!("{text:?}").contains("\"01234567-89ab-cdef-0123-456789abcdef\""));
    }

    #[test]
    fn stored_text_reads_back_as_the_same_id() {
        let id = WorkspaceId(Uuid::from_u128(0xfeed_beef_0000_4000_8000_0000_0000_0042));
        let value = stored(id);
        let read = <WorkspaceId as Decode<'_, Any>>::decode(value.as_ref());
        assert_eq!(read.ok(), Some(id));
    }

    #[test]
    fn text_that_is_no_uuid_is_a_decode_error_not_a_placeholder() {
        for bad in ["", "nope", "01234567-89ab-cdef-0123-456789abcde"] {
            let value = stored(bad.to_owned());
            let read = <WorkspaceId as Decode<'_, Any>>::decode(value.as_ref());
            let message = read.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(
                message.starts_with("WorkspaceId is not a UUID"),
                "{bad:?}: {message}"
            );
        }
    }

    #[test]
    fn a_non_text_value_is_a_decode_error() {
        let value = stored(7_i64);
        assert!(<AgentId as Decode<'_, Any>>::decode(value.as_ref()).is_err());
    }
}
